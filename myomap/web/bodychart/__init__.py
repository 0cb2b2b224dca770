"""The body chart: geometry as data (shapes.yaml) and its loader; rendered by the
`bodychart` template tags."""
