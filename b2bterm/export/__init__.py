"""Files a user hands on: quotations as .xlsx and PDF, an account's orders as .xlsx (openpyxl, fpdf2)."""
