"""Maps drawn on the server as SVG: force areas, local authorities, hexagons and schools.

`boundaries` loads the package's own copy of the ONS boundaries once per process and
projects them onto the British National Grid (`projection`); `scale` chooses colours and
patterns; `drawing` turns figures into a map the templates draw (`templates/maps/`);
`figures` reads what each page's map shows: response rates, the published coverage
figures, and a force's schools.
"""
