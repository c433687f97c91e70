"""National datasets in the Explore Education Statistics open data standard.

Aggregation with pandas, disclosure control, the EES files, exports and download pages.
"""
