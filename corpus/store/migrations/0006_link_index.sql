-- 0006: what linking a document reads, found through indexes rather than by
-- reading its whole region and year (see link.go).

-- A report is compared with the plans of its region and year only.
CREATE INDEX documents_group_kind ON documents (year, COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, ''), kind);

-- The links of a plan target to given report targets, when a new report
-- changes the plan target's latest report.
CREATE INDEX target_links_plan_progress ON target_links (plan_target_id, progress_target_id);
DROP INDEX target_links_plan_target;

-- Undecided links whose target is gone, deleted after every write.
CREATE INDEX target_links_orphans ON target_links (id)
    WHERE decision IS NULL AND (progress_target_id IS NULL OR plan_target_id IS NULL);
