-- Every change of control, grouped by place; places with the most changes first.
SELECT
    *,
    count(*) OVER (PARTITION BY location, country) AS changes_at_place
FROM control_changes
ORDER BY changes_at_place DESC, location, country, seq
