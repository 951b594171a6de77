"""SQL expressions the selectors share."""

from django.db.models import BooleanField, Func


class RowCompare(Func):
    """`(a, b) > (x, y)`: a row comparison, which a B-tree on (a, b) answers by seeking to (x, y).

    The equivalent `a > x OR (a = x AND b > y)` makes PostgreSQL read every row sharing `a` and
    filter them, and deadlines are often the same moment (the end of a working day).
    """

    output_field = BooleanField()
    OPERATORS = frozenset({">", "<", ">=", "<="})

    def __init__(self, left: tuple, op: str, right: tuple):
        if op not in self.OPERATORS or len(left) != len(right):
            raise ValueError(op)
        self.op = op
        super().__init__(*left, *right)

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        half = len(parts) // 2
        return f"({', '.join(parts[:half])}) {self.op} ({', '.join(parts[half:])})", params
