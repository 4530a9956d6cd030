"""Cross-lingual sentence embeddings from a static model on disk (optional).

When the values statement exists in English only and some staff write Hebrew, the TF-IDF
scorer has nothing to compare their posts with. A multilingual *static* embedding model
(model2vec's format: a ``tokenizer.json`` and a ``model.safetensors`` holding one vector per
token, e.g. a distilled multilingual model) places "we help each other" and "אנחנו עוזרים זה
לזה" close together, so those posts can be compared with the values in another language.

The model is read from a local folder named in settings (``culture.embedding_model``), never
downloaded: ambassador runs offline. A sentence's vector is the mean of its tokens' vectors,
L2-normalised (what model2vec does). Nothing here needs PyTorch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ambassador.errors import InputError

__all__ = ["StaticEmbeddings", "load_embeddings"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tokenizers must never reach for a hub


class StaticEmbeddings:
    """A static embedding model: a tokenizer and one vector per token.

    Parameters
    ----------
    tokenizer : tokenizers.Tokenizer
        Splits a text into token ids.
    vectors : ndarray of shape (n_tokens, dim)
        One row per token id.
    normalize : bool, default True
        L2-normalise sentence vectors.
    """

    def __init__(self, tokenizer, vectors: np.ndarray, normalize: bool = True):
        self.tokenizer = tokenizer
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.normalize = normalize

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def encode(self, texts: Iterable[str], batch: int = 2048) -> np.ndarray:
        """Sentence vectors, one row per text (zeros for a text with no known token)."""
        texts = ["" if t is None else str(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch):
            encodings = self.tokenizer.encode_batch(texts[start : start + batch], add_special_tokens=False)
            for i, enc in enumerate(encodings):
                ids = [t for t in enc.ids if 0 <= t < len(self.vectors)]
                if ids:
                    out[start + i] = self.vectors[ids].mean(axis=0)
        if self.normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
        return out

    def similarity(self, texts: Sequence[str], references: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to its closest reference, clipped to [0, 1]."""
        if not len(texts):
            return np.zeros(0)
        if not len(references):
            return np.zeros(len(texts))
        sims = self.encode(texts) @ self.encode(references).T
        return np.clip(sims.max(axis=1), 0.0, 1.0).astype(float)


def load_embeddings(path: str | Path) -> StaticEmbeddings:
    """Load a model2vec-format folder: ``tokenizer.json``, ``model.safetensors`` (``embeddings``)
    and optionally ``config.json`` (``normalize``).

    Raises
    ------
    InputError
        When the folder or one of its files is missing or unreadable, naming the fix.
    """
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    path = Path(path)
    fix = "set culture.embedding_model to a local folder holding a static (model2vec) model: tokenizer.json and model.safetensors"
    tokenizer_file, weights_file = path / "tokenizer.json", path / "model.safetensors"
    for needed in (tokenizer_file, weights_file):
        if not needed.is_file():
            raise InputError(needed, "embedding model file not found", fix)
    try:
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tensors = load_file(str(weights_file))
    except Exception as exc:  # a broken download, the wrong format
        raise InputError(path, f"embedding model could not be read ({type(exc).__name__})", fix) from None
    vectors = tensors.get("embeddings")
    if vectors is None:
        if len(tensors) != 1:
            raise InputError(weights_file, "no 'embeddings' tensor", fix)
        vectors = next(iter(tensors.values()))
    if vectors.ndim != 2:
        raise InputError(weights_file, "the embeddings tensor is not a matrix", fix)
    normalize = True
    config = path / "config.json"
    if config.is_file():
        try:
            normalize = bool(json.loads(config.read_text(encoding="utf-8")).get("normalize", True))
        except (ValueError, UnicodeDecodeError):
            raise InputError(config, "config.json is not JSON", fix) from None
    return StaticEmbeddings(tokenizer, vectors, normalize)
