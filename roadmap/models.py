# The roadmap, passports and approvals arrive with their own issue.
