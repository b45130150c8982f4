-- Cross-document links between targets and the progress that reports on them
-- (target_links) and the decisions people make about them.
SELECT 1;
