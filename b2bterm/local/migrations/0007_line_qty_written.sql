-- The quantity of a draft line as the customer wrote it (JSON of b2bterm.domain.quantity.Quantity: "2箱",
-- "十二打" and why it could not be read), "" when the pasted line stated no quantity (1 was assumed), NULL for a
-- quantity typed by hand or a line that did not come from pasted text (and lines from before this column). The pad
-- reads it to convert a pack unit once the product is known (after a pick too) and to word a quantity problem.
ALTER TABLE draft_lines ADD COLUMN qty_written TEXT;
