"""Geography of the public legal service network (公共法律服务网络), pure: no Django, no other part
of fazhi. Coordinates (WGS-84 storage; GCJ-02 / BD-09 entry), a local metric plane, population
coverage of service resources within the "15-minute circle" (straight line × circuity, or along a
walking network), gaps, and the siting of new places (greedy and exact).

numpy and scipy carry the arithmetic: scipy's cKDTree answers nearest-resource queries, its
sparse-graph Dijkstra the network distances, and its HiGHS binding (`scipy.optimize.milp`) the
exact siting model. pyosmium, when installed, reads OpenStreetMap extracts (`network.read_pbf`).
"""
