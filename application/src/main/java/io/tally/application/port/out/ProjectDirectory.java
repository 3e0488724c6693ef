package io.tally.application.port.out;

/** Which projects exist. */
@FunctionalInterface
public interface ProjectDirectory {
    boolean exists(String projectId);
}
