"""The assistant's configuration (settings.FAZHI_ASSISTANT), read once per use with its defaults,
so a test or a deployment may override any one key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Llm:
    url: str = ""
    model: str = ""
    api_key: str = ""
    timeout: float = 20.0

    @property
    def on(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class Conf:
    laws_db: str = ""
    law_folder: str = ""
    index_dir: Path = Path("var/assistant/index")
    vectors: str = ""  # the shipped vector store (read only)
    vector_store: Path = Path("var/assistant/vectors.npz")  # the writable store builds add to
    ranker: str = ""
    min_score: float = 0.25
    use_dense: str = ""  # "" auto, "1" always, "0" never
    llm: Llm = field(default_factory=Llm)


def conf() -> Conf:
    raw = dict(getattr(settings, "FAZHI_ASSISTANT", None) or {})
    llm = raw.get("LLM") or {}
    base = Path(settings.BASE_DIR) / "var" / "assistant"
    return Conf(
        laws_db=str(raw.get("LAWS_DB") or ""),
        law_folder=str(raw.get("LAW_FOLDER") or ""),
        index_dir=Path(raw.get("INDEX_DIR") or base / "index"),
        vectors=str(raw.get("VECTORS") or ""),
        vector_store=Path(raw.get("VECTOR_STORE") or base / "vectors.npz"),
        ranker=str(raw.get("RANKER") or ""),
        min_score=float(raw.get("MIN_SCORE", 0.25)),
        use_dense=str(raw.get("USE_DENSE", "")).strip().lower(),
        llm=Llm(
            url=str(llm.get("URL") or ""),
            model=str(llm.get("MODEL") or ""),
            api_key=str(llm.get("API_KEY") or ""),
            timeout=float(llm.get("TIMEOUT") or 20),
        ),
    )
