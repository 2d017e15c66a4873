-- Events per month and event type, for the "events over time" chart.
SELECT month, event_type, sum(events)::BIGINT AS events, sum(happenings)::BIGINT AS happenings
FROM fatalities_by_month
GROUP BY month, event_type
ORDER BY month, event_type
