"""One fold of the statistics delta log per request, however many slices the page reads
(ratings.stats.fold_scope)."""

from ratings.stats.fold_scope import one_fold


class FoldStatsOncePerRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_fold():
            return self.get_response(request)
