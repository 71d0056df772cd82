package dev.infraperf.mock.terrafix;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated Terraform repositories, one per {@link RepoSize}, and the analysis the real pipeline runs on a cloned
 * repository: parse every {@code .tf} file with a real HCL parser (hcl4j) and find the resource the failure names by
 * its Terraform type and ARN. The text is generated from a fixed seed, so every run parses the same bytes; it is
 * parsed again for every failure because the real service works on a fresh clone, which is what makes processing time
 * grow with repository size.
 */
final class TerraformRepositories {

    /** A generated repository: file name to HCL text. */
    record Repository(RepoSize size, Map<String, String> files, int resourceCount, int bytes) {}

    /** The resource found for a failure; {@code match} is {@code name} (ARN name found), {@code type} or {@code none}. */
    record Analysis(String address, String match, int resourcesParsed, long parseNanos) {}

    private static final Map<String, String> TERRAFORM_TYPES = Map.of(
            "AWS::S3::Bucket", "aws_s3_bucket",
            "AWS::IAM::Role", "aws_iam_role",
            "AWS::EC2::SecurityGroup", "aws_security_group",
            "AWS::RDS::DBInstance", "aws_db_instance");

    private static final List<String> NAME_ATTRIBUTES = List.of("bucket", "name", "identifier");

    private final Map<RepoSize, Repository> repositories = new EnumMap<>(RepoSize.class);

    TerraformRepositories() {
        for (RepoSize size : RepoSize.values()) {
            repositories.put(size, generate(size));
        }
    }

    Repository repository(RepoSize size) {
        return repositories.get(size);
    }

    /**
     * Parses the repository of {@code size} and looks up the resource of {@code awsResourceType} named by the last
     * segment of {@code resourceArn}; when no resource has that name (load-test ARNs are random), the resource of that
     * type chosen by the ARN's hash stands in, as a real repository would hold some resource of that type.
     */
    Analysis analyse(RepoSize size, String awsResourceType, String resourceArn) {
        Repository repository = repositories.get(size);
        long start = System.nanoTime();
        List<Map<String, Object>> parsed = new ArrayList<>();
        HCLParser parser = new HCLParser();
        for (String text : repository.files().values()) {
            try {
                parsed.add(parser.parse(text, true));
            } catch (Exception e) {
                throw new IllegalStateException(
                        "generated HCL of the " + size.label() + " repository does not parse", e);
            }
        }
        String terraformType = awsResourceType == null ? null : TERRAFORM_TYPES.get(awsResourceType);
        String wantedName = lastSegment(resourceArn);
        List<String> candidates = new ArrayList<>();
        String exact = null;
        int resources = 0;
        for (Map<String, Object> file : parsed) {
            if (!(file.get("resource") instanceof Map<?, ?> byType)) {
                continue;
            }
            for (Map.Entry<?, ?> typeEntry : byType.entrySet()) {
                if (!(typeEntry.getValue() instanceof Map<?, ?> byName)) {
                    continue;
                }
                resources += byName.size();
                if (!typeEntry.getKey().equals(terraformType)) {
                    continue;
                }
                for (Map.Entry<?, ?> resource : byName.entrySet()) {
                    String address = terraformType + "." + resource.getKey();
                    candidates.add(address);
                    if (exact == null
                            && resource.getValue() instanceof Map<?, ?> attributes
                            && namedAs(attributes, wantedName)) {
                        exact = address;
                    }
                }
            }
        }
        long parseNanos = System.nanoTime() - start;
        if (exact != null) {
            return new Analysis(exact, "name", resources, parseNanos);
        }
        if (candidates.isEmpty()) {
            return new Analysis(null, "none", resources, parseNanos);
        }
        String stand = candidates.get(Math.floorMod(resourceArn.hashCode(), candidates.size()));
        return new Analysis(stand, "type", resources, parseNanos);
    }

    private static boolean namedAs(Map<?, ?> attributes, String wantedName) {
        for (String attribute : NAME_ATTRIBUTES) {
            if (wantedName.equals(attributes.get(attribute))) {
                return true;
            }
        }
        return false;
    }

    private static String lastSegment(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash >= 0 ? arn.substring(slash + 1) : arn.substring(arn.lastIndexOf(':') + 1);
    }

    // ---- generation ------------------------------------------------------------------------------------------

    /**
     * Resource blocks per generated file. hcl4j's parse time grows with the square of a file's length, and real
     * repositories spread resources over many files, so files stay small and parse time grows linearly with size.
     */
    static final int BLOCKS_PER_FILE = 8;

    private static Repository generate(RepoSize size) {
        Random random = new Random(0x7E44AF1AL + size.ordinal());
        Map<String, List<String>> blocksByKind = new LinkedHashMap<>();
        for (String kind : List.of("s3", "iam", "security_groups", "rds")) {
            blocksByKind.put(kind, new ArrayList<>());
        }
        int count = 0;
        for (int i = 0; count < size.resources(); i++) {
            switch (i % 4) {
                case 0 -> {
                    blocksByKind.get("s3").add(bucket(i, id(random), random));
                    count += 3; // bucket, public access block, versioning
                }
                case 1 -> {
                    blocksByKind.get("iam").add(role(i, id(random), random));
                    count++;
                }
                case 2 -> {
                    blocksByKind.get("security_groups").add(securityGroup(i, random));
                    count++;
                }
                default -> {
                    blocksByKind.get("rds").add(database(i, id(random), random));
                    count++;
                }
            }
        }
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("main.tf", header(size));
        for (Map.Entry<String, List<String>> kind : blocksByKind.entrySet()) {
            List<String> blocks = kind.getValue();
            int perFile = kind.getKey().equals("s3") ? Math.max(1, BLOCKS_PER_FILE / 3) : BLOCKS_PER_FILE;
            for (int from = 0, part = 1; from < blocks.size(); from += perFile, part++) {
                String name = String.format("%s/%s_%02d.tf", kind.getKey(), kind.getKey(), part);
                texts.put(name, String.join("", blocks.subList(from, Math.min(blocks.size(), from + perFile))));
            }
        }
        int bytes = texts.values().stream().mapToInt(String::length).sum();
        return new Repository(size, Collections.unmodifiableMap(texts), count, bytes);
    }

    private static String id(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static String header(RepoSize size) {
        return """
                terraform {
                  required_version = ">= 1.5.0"
                  required_providers {
                    aws = {
                      source  = "hashicorp/aws"
                      version = "~> 5.0"
                    }
                  }
                }

                provider "aws" {
                  region = var.region
                }

                variable "region" {
                  type    = string
                  default = "us-west-2"
                }

                variable "environment" {
                  type    = string
                  default = "%s"
                }

                locals {
                  common_tags = {
                    Project   = "terrafix-load-test"
                    ManagedBy = "terraform"
                  }
                }
                """
                .formatted(size.label());
    }

    private static String bucket(int i, String id, Random random) {
        boolean blocked = random.nextBoolean();
        return """

                resource "aws_s3_bucket" "bucket_%1$03d" {
                  bucket        = "test-bucket-%2$s"
                  force_destroy = %3$s
                  tags = {
                    Name        = "test-bucket-%2$s"
                    Environment = var.environment
                  }
                }

                resource "aws_s3_bucket_public_access_block" "bucket_%1$03d" {
                  bucket                  = aws_s3_bucket.bucket_%1$03d.id
                  block_public_acls       = %4$s
                  block_public_policy     = %4$s
                  ignore_public_acls      = %4$s
                  restrict_public_buckets = %4$s
                }

                resource "aws_s3_bucket_versioning" "bucket_%1$03d" {
                  bucket = aws_s3_bucket.bucket_%1$03d.id
                  versioning_configuration {
                    status = "%5$s"
                  }
                }
                """
                .formatted(i, id, random.nextBoolean(), blocked, random.nextBoolean() ? "Enabled" : "Suspended");
    }

    private static String role(int i, String id, Random random) {
        return """

                resource "aws_iam_role" "role_%1$03d" {
                  name                 = "test-role-%2$s"
                  max_session_duration = %3$d
                  assume_role_policy   = <<POLICY
                {
                  "Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
                }
                POLICY
                  tags = {
                    Name = "test-role-%2$s"
                  }
                }
                """
                .formatted(i, id, random.nextBoolean() ? 3600 : 43200);
    }

    private static String securityGroup(int i, Random random) {
        String name = String.format("sg-%08x", 10_000_000 + random.nextInt(89_999_999));
        return """

                resource "aws_security_group" "sg_%1$03d" {
                  name        = "%2$s"
                  description = "security group %1$d"
                  vpc_id      = "vpc-%3$08x"

                  ingress {
                    from_port   = 22
                    to_port     = 22
                    protocol    = "tcp"
                    cidr_blocks = ["%4$s"]
                  }

                  ingress {
                    from_port   = 443
                    to_port     = 443
                    protocol    = "tcp"
                    cidr_blocks = ["0.0.0.0/0"]
                  }

                  egress {
                    from_port   = 0
                    to_port     = 0
                    protocol    = "-1"
                    cidr_blocks = ["0.0.0.0/0"]
                  }
                }
                """
                .formatted(i, name, random.nextInt(0x7fffffff), random.nextBoolean() ? "0.0.0.0/0" : "10.0.0.0/8");
    }

    private static String database(int i, String id, Random random) {
        return """

                resource "aws_db_instance" "db_%1$03d" {
                  identifier          = "db-%2$s"
                  engine              = "postgres"
                  engine_version      = "16.3"
                  instance_class      = "db.t3.micro"
                  allocated_storage   = %3$d
                  storage_encrypted   = %4$s
                  skip_final_snapshot = true
                  username            = "terrafix"
                  password            = "not-a-real-password"
                }
                """
                .formatted(i, id, 20 + random.nextInt(80), random.nextBoolean());
    }
}
