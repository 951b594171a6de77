"""The monthly rating of agencies and municipalities (Положение п.13.4, DESIGN.md §4).

`indicators` is the catalog of indicator computations the methodology chooses from, each defined
once as conditions on the messages: the same conditions make the aggregate SQL of the rating and
the drill-down list of the messages behind a number. `scoring` turns the aggregated counts into
indicator values, criterion scores, the total, ranks and zones with pandas.
"""
