package dev.infraperf.load;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** The tasks and weights of a {@link VirtualUser} class, read once per phase. */
final class Behaviour {

    private final Class<? extends VirtualUser> type;
    private final Constructor<? extends VirtualUser> constructor;
    private final Method[] tasks;
    private final int[] weights;
    private final int[] cumulative;

    private Behaviour(
            Class<? extends VirtualUser> type, Constructor<? extends VirtualUser> constructor, List<Method> methods) {
        this.type = type;
        this.constructor = constructor;
        this.tasks = methods.toArray(new Method[0]);
        this.weights = new int[tasks.length];
        this.cumulative = new int[tasks.length];
        int sum = 0;
        for (int i = 0; i < tasks.length; i++) {
            weights[i] = tasks[i].getAnnotation(Task.class).value();
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    /**
     * Reads the tasks of {@code type}.
     *
     * @throws IllegalArgumentException naming what is wrong: abstract class, no constructor without parameters, no
     *     task, a task with parameters or a weight below 1
     */
    static Behaviour of(Class<? extends VirtualUser> type) {
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is abstract; use a concrete VirtualUser subclass");
        }
        Constructor<? extends VirtualUser> constructor;
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName()
                    + " has no constructor without parameters; the engine creates one instance per user" + " with it");
        }
        Map<String, Method> byName = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != VirtualUser.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                Task task = m.getAnnotation(Task.class);
                if (task == null || byName.containsKey(m.getName())) {
                    continue;
                }
                if (m.getParameterCount() != 0) {
                    throw new IllegalArgumentException("@Task method " + c.getSimpleName() + "." + m.getName()
                            + " takes parameters; use a method without parameters");
                }
                if (task.value() < 1) {
                    throw new IllegalArgumentException("@Task(" + task.value() + ") on " + c.getSimpleName() + "."
                            + m.getName() + " is not a valid weight; use a weight >= 1");
                }
                m.setAccessible(true);
                byName.put(m.getName(), m);
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException(
                    type.getName() + " declares no @Task method; annotate at least one method with @Task");
        }
        List<Method> methods = new ArrayList<>(byName.values());
        methods.sort(Comparator.comparing(Method::getName));
        return new Behaviour(type, constructor, methods);
    }

    Class<? extends VirtualUser> type() {
        return type;
    }

    VirtualUser newUser() {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "creating a " + type.getSimpleName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("creating a " + type.getSimpleName() + " failed: " + e, e);
        }
    }

    Method pick() {
        if (tasks.length == 1) {
            return tasks[0];
        }
        int r = ThreadLocalRandom.current().nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return tasks[i];
            }
        }
        return tasks[tasks.length - 1];
    }

    /** Runs one task; the task's own exception is rethrown unwrapped. */
    static void run(VirtualUser user, Method task) throws Throwable {
        try {
            task.invoke(user);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Task names with their weights, e.g. {@code submitSingleFailure x10, checkHealth x1}. */
    String describeTasks() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            parts.add(tasks[i].getName() + " x" + weights[i]);
        }
        return parts.stream().collect(Collectors.joining(", "));
    }
}
