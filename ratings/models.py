# Monthly ratings and the governor's report arrive with their own issue.
