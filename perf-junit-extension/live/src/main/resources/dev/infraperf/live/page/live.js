// The live page: polls /api/state once per second and redraws. No build step, no CDN: uPlot is served by the jar.
(function () {
  "use strict";

  var charts = {};
  var HEIGHT = 220;

  function width(el) {
    return Math.max(320, el.clientWidth - 8);
  }

  function chart(id, series, opts) {
    var el = document.getElementById(id);
    var config = {
      width: width(el),
      height: HEIGHT,
      scales: { x: { time: false } },
      axes: [{ label: opts.xLabel || "s since phase start" }, { label: opts.yLabel, size: 60 }],
      series: [{ label: "t", value: function (u, v) { return v == null ? "-" : v.toFixed(1) + " s"; } }].concat(series),
      legend: { live: false }
    };
    var empty = [[]].concat(series.map(function () { return []; }));
    charts[id] = { plot: new uPlot(config, empty, el), el: el };
  }

  function line(label, color, dash) {
    var s = { label: label, stroke: color, width: 1.5, spanGaps: false, points: { show: false } };
    if (dash) {
      s.dash = [6, 4];
    }
    return s;
  }

  function setData(id, data) {
    var c = charts[id];
    c.plot.setData(data);
    c.el.setAttribute("data-points", String(data[0].length));
  }

  function init() {
    chart("chart-throughput", [line("ok/s", "#1a7f37"), line("failed/s", "#c62828")], { yLabel: "req/s" });
    chart("chart-latency", [
      line("p50 raw", "#6baed6", true), line("p95 raw", "#fd8d3c", true), line("p99 raw", "#e377c2", true),
      line("p50", "#08519c"), line("p95", "#d94801"), line("p99", "#ae017e")
    ], { yLabel: "ms" });
    chart("chart-errors", [
      line("status", "#c62828"), line("connection", "#6a1b9a"), line("validation", "#ef6c00"), line("timeout", "#455a64")
    ], { yLabel: "errors/s" });
    chart("chart-formae", [
      line("waiting", "#9e9e9e"), line("in progress", "#1f77b4"), line("success", "#1a7f37"),
      line("failed", "#c62828"), line("canceled", "#ff9800")
    ], { yLabel: "updates", xLabel: "s since submit" });
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (id) {
        charts[id].plot.setSize({ width: width(charts[id].el), height: HEIGHT });
      });
    });
  }

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function clock(seconds) {
    if (seconds == null) {
      return "--:--";
    }
    var s = Math.round(seconds);
    var m = Math.floor(s / 60);
    s = s % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function renderCurrent(p) {
    if (!p) {
      return;
    }
    text("status", p.running ? "running" : "finished");
    text("test", p.test || "(LoadEngine)");
    text("phase", p.phase);
    text("spec", p.spec + (p.behaviour ? " - " + p.behaviour : ""));
    text("elapsed", clock(p.elapsedSeconds) + " / " + clock(p.plannedSeconds));
    var progress = document.getElementById("progress");
    progress.value = p.plannedSeconds ? Math.min(1, p.elapsedSeconds / p.plannedSeconds) : 0;
    if (p.model === "open") {
      text("load-label", "rate / in flight");
      text("load", p.arrivalRate + " req/s / " + p.inFlight);
    } else {
      text("load-label", "users");
      text("load", p.users + (p.plannedUsers != null ? " / " + p.plannedUsers : ""));
    }
    text("total-ok", String(p.ok));
    text("total-failed", String(p.failed));
    text("total-dropped", String(p.dropped));
    var classes = Object.keys(p.errorsByClass || {}).filter(function (k) { return p.errorsByClass[k] > 0; })
      .map(function (k) { return k + " " + p.errorsByClass[k]; });
    text("error-classes", classes.length ? classes.join(", ") : "none");
    text("console-line", p.consoleLine || "");
    var s = p.series;
    setData("chart-throughput", [s.t, s.ok, s.failed]);
    setData("chart-latency", [s.t, s.rawP50, s.rawP95, s.rawP99, s.correctedP50, s.correctedP95, s.correctedP99]);
    setData("chart-errors", [s.t, s.errors.status, s.errors.connection, s.errors.validation, s.errors.timeout]);
  }

  function renderFormae(commands) {
    if (!commands || commands.length === 0) {
      text("formae-command", "(no Formae cycle in this run yet)");
      return;
    }
    var c = commands[commands.length - 1];
    text("formae-command", "- " + c.stack + ", command " + c.commandId);
    var s = c.series;
    setData("chart-formae", [s.t, s.waiting, s.inProgress, s.success, s.failed, s.canceled]);
  }

  function cell(tr, value, cls) {
    var td = document.createElement("td");
    if (value instanceof Node) {
      td.appendChild(value);
    } else {
      td.textContent = value == null ? "" : String(value);
    }
    if (cls) {
      td.className = cls;
    }
    tr.appendChild(td);
  }

  function renderPhases(phases) {
    var body = document.querySelector("#phases tbody");
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    phases.slice().reverse().forEach(function (p) {
      var tr = document.createElement("tr");
      tr.className = "phase-row";
      cell(tr, p.test || "(LoadEngine)");
      cell(tr, p.phase);
      cell(tr, p.spec);
      cell(tr, p.running ? "running " + clock(p.elapsedSeconds) : "ended");
      cell(tr, p.ok, "num");
      cell(tr, p.failed, "num");
      cell(tr, p.dropped, "num");
      cell(tr, p.verdict == null ? (p.running ? "" : "not judged") : p.verdict + (p.passed ? " (passed)" : " (failed)"),
        p.verdict ? "level-" + p.verdict : null);
      var list = document.createElement("div");
      (p.verdicts || []).forEach(function (v) {
        var d = document.createElement("div");
        d.className = "level-" + v.level;
        d.textContent = v.text;
        list.appendChild(d);
      });
      cell(tr, list);
      if (p.summary) {
        var a = document.createElement("a");
        a.href = p.summary;
        a.textContent = "experiment_summary.html";
        cell(tr, a);
      } else {
        cell(tr, "");
      }
      body.appendChild(tr);
    });
  }

  function poll() {
    fetch("/api/state", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        renderCurrent(state.current);
        renderFormae(state.formae);
        renderPhases(state.phases);
      })
      .catch(function (e) { text("status", "server gone (" + e + "); the run has ended?"); })
      .then(function () { setTimeout(poll, 1000); });
  }

  init();
  poll();
})();
