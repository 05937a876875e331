"""What is done to a PDF once ReportLab has drawn it, with pikepdf: its structure tree
(`structure`), the region's booklet (`booklet`) and PDF/A (`archive`)."""
