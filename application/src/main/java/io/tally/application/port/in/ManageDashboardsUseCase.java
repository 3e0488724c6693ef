package io.tally.application.port.in;

import io.tally.domain.dashboard.Dashboard;

import java.util.List;
import java.util.Optional;

/** Saved dashboards of a project: create or replace, read, list, delete. */
public interface ManageDashboardsUseCase {

    List<Dashboard> dashboards(String projectId);

    Optional<Dashboard> dashboard(String projectId, String name);

    /** Saves a dashboard under its name; true when it replaced one. */
    boolean save(String projectId, Dashboard dashboard);

    boolean delete(String projectId, String name);
}
