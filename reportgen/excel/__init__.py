"""Excel workbook input: the layout (from the model), the reader and the writer."""
