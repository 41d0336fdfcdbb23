-- custom SQL (carry over when renumbering)
-- The deal_step_minima triggers a bulk load fires (deal inserts, step-row inserts, and
-- step-row deletes when the demo replaces its organisation) skip their work while the
-- transaction has set stepwise.deal_step_minima = 'deferred' (set_config(..., true):
-- this transaction only; bodies otherwise as in 0003/0004). Only a writer that then
-- fills the table itself from scratch for the organisation it wrote, in the same
-- transaction, sets it: the demo writer (fillDealStepMinima, src/db/demo.queries.ts).
-- The API and the imports run the triggers as before.
CREATE OR REPLACE FUNCTION deal_step_minima_deals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('stepwise.deal_step_minima', true) = 'deferred' THEN
    RETURN NULL;
  END IF;
  INSERT INTO deal_step_minima (org_id, deal_id, owner_id, value, status, closed_at, created_at, expected_close)
  SELECT org_id, id, owner_id, value, status, closed_at, created_at, expected_close FROM new_deals
  ON CONFLICT (org_id, deal_id) DO UPDATE SET owner_id = excluded.owner_id, value = excluded.value, status = excluded.status, closed_at = excluded.closed_at, created_at = excluded.created_at, expected_close = excluded.expected_close
  WHERE (deal_step_minima.owner_id, deal_step_minima.value, deal_step_minima.status, deal_step_minima.closed_at, deal_step_minima.created_at, deal_step_minima.expected_close) IS DISTINCT FROM (excluded.owner_id, excluded.value, excluded.status, excluded.closed_at, excluded.created_at, excluded.expected_close);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_step_minima_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('stepwise.deal_step_minima', true) = 'deferred' THEN
    RETURN NULL;
  END IF;
  INSERT INTO deal_step_minima (org_id, deal_id, owner_id, value, status, closed_at, created_at, expected_close, m1, m2, m3, m4, m5, m6, m7, e1, e2, e3, e4, e5, e6, e7)
  SELECT d.org_id, d.id, d.owner_id, d.value, d.status, d.closed_at, d.created_at, d.expected_close, n.m1, n.m2, n.m3, n.m4, n.m5, n.m6, n.m7, n.e1, n.e2, n.e3, n.e4, n.e5, n.e6, n.e7
  FROM (SELECT org_id, deal_id, min(entered_at) AS m1, min(entered_at) FILTER (WHERE step >= 2) AS m2, min(entered_at) FILTER (WHERE step >= 3) AS m3, min(entered_at) FILTER (WHERE step >= 4) AS m4, min(entered_at) FILTER (WHERE step >= 5) AS m5, min(entered_at) FILTER (WHERE step >= 6) AS m6, min(entered_at) FILTER (WHERE step >= 7) AS m7, min(entered_at) FILTER (WHERE step = 1) AS e1, min(entered_at) FILTER (WHERE step = 2) AS e2, min(entered_at) FILTER (WHERE step = 3) AS e3, min(entered_at) FILTER (WHERE step = 4) AS e4, min(entered_at) FILTER (WHERE step = 5) AS e5, min(entered_at) FILTER (WHERE step = 6) AS e6, min(entered_at) FILTER (WHERE step = 7) AS e7
        FROM new_rows GROUP BY org_id, deal_id) n
  JOIN deals d ON d.org_id = n.org_id AND d.id = n.deal_id
  ON CONFLICT (org_id, deal_id) DO UPDATE SET
      m1 = least(deal_step_minima.m1, excluded.m1),
      m2 = least(deal_step_minima.m2, excluded.m2),
      m3 = least(deal_step_minima.m3, excluded.m3),
      m4 = least(deal_step_minima.m4, excluded.m4),
      m5 = least(deal_step_minima.m5, excluded.m5),
      m6 = least(deal_step_minima.m6, excluded.m6),
      m7 = least(deal_step_minima.m7, excluded.m7),
      e1 = least(deal_step_minima.e1, excluded.e1),
      e2 = least(deal_step_minima.e2, excluded.e2),
      e3 = least(deal_step_minima.e3, excluded.e3),
      e4 = least(deal_step_minima.e4, excluded.e4),
      e5 = least(deal_step_minima.e5, excluded.e5),
      e6 = least(deal_step_minima.e6, excluded.e6),
      e7 = least(deal_step_minima.e7, excluded.e7);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_step_minima_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('stepwise.deal_step_minima', true) = 'deferred' THEN
    RETURN NULL;
  END IF;
  UPDATE deal_step_minima m SET m1 = n.m1, m2 = n.m2, m3 = n.m3, m4 = n.m4, m5 = n.m5, m6 = n.m6, m7 = n.m7, e1 = n.e1, e2 = n.e2, e3 = n.e3, e4 = n.e4, e5 = n.e5, e6 = n.e6, e7 = n.e7
  FROM (SELECT DISTINCT org_id, deal_id FROM old_rows) t
  LEFT JOIN LATERAL (
    SELECT min(s.entered_at) AS m1, min(s.entered_at) FILTER (WHERE s.step >= 2) AS m2, min(s.entered_at) FILTER (WHERE s.step >= 3) AS m3, min(s.entered_at) FILTER (WHERE s.step >= 4) AS m4, min(s.entered_at) FILTER (WHERE s.step >= 5) AS m5, min(s.entered_at) FILTER (WHERE s.step >= 6) AS m6, min(s.entered_at) FILTER (WHERE s.step >= 7) AS m7, min(s.entered_at) FILTER (WHERE s.step = 1) AS e1, min(s.entered_at) FILTER (WHERE s.step = 2) AS e2, min(s.entered_at) FILTER (WHERE s.step = 3) AS e3, min(s.entered_at) FILTER (WHERE s.step = 4) AS e4, min(s.entered_at) FILTER (WHERE s.step = 5) AS e5, min(s.entered_at) FILTER (WHERE s.step = 6) AS e6, min(s.entered_at) FILTER (WHERE s.step = 7) AS e7
    FROM deal_steps_in_force s WHERE s.org_id = t.org_id AND s.deal_id = t.deal_id) n ON true
  WHERE m.org_id = t.org_id AND m.deal_id = t.deal_id;
  RETURN NULL;
END $$;
