"""The optional cross-lingual embedding backend, with a tiny static model built on disk."""

from __future__ import annotations

import json

import numpy as np
import pytest
from safetensors.numpy import save_file
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

from ambassador.culture import References, score_posts_by_language
from ambassador.embeddings import load_embeddings
from ambassador.errors import InputError

# words of three languages that mean the same thing share one concept (one axis)
CONCEPTS = {
    "help": ["help", "helping", "helped", "colleague", "עוזרים", "עזרתי", "עמית", "ayudamos", "ayudé", "compañero"],
    "customer": ["customers", "customer", "listen", "לקוחות", "ללקוחות", "הקשבנו", "clientes", "escuchamos"],
    "lunch": ["lunch", "friday", "צהריים", "שישי", "almuerzo", "viernes"],
    "parking": ["parking", "closed", "חניה", "סגורה", "aparcamiento", "cerrado"],
}


def write_tiny_model(folder, normalize=True):
    """A model2vec-format folder: a word-level tokenizer and one vector per token."""
    vocab = {"[UNK]": 0}
    rows = [np.zeros(len(CONCEPTS), dtype=np.float32)]
    for axis, words in enumerate(CONCEPTS.values()):
        for word in words:
            vocab[word] = len(vocab)
            vector = np.full(len(CONCEPTS), 0.05, dtype=np.float32)
            vector[axis] = 1.0
            rows.append(vector)
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    save_file({"embeddings": np.vstack(rows)}, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({"normalize": normalize}), encoding="utf-8")
    return folder


def test_a_static_model_places_translations_together(tmp_path):
    model = load_embeddings(write_tiny_model(tmp_path / "model"))
    vectors = model.encode(["we help each colleague", "עוזרים לעמית", "lunch on friday", "zzz"])
    assert vectors.shape == (4, len(CONCEPTS))
    assert vectors[0] @ vectors[1] > 0.9 > vectors[0] @ vectors[2]
    assert not vectors[3].any()  # no known token: a zero vector, not NaN


def test_posts_without_values_in_their_language_are_judged_across_languages(tmp_path):
    model = load_embeddings(write_tiny_model(tmp_path / "model"))
    refs = {"en": References(values=["We help each other when a colleague is stuck", "Customers first: we listen"])}
    texts = ["helped a colleague today", "עזרתי לעמית היום", "ארוחת צהריים ביום שישי", "הקשבנו ללקוחות", "ayudé a un compañero", "¿almuerzo el viernes?"]
    langs = ["en", "he", "he", "he", "es", "es"]
    without, _ = score_posts_by_language(texts, langs, refs, n_components=2)
    assert np.isnan(without[1:]).all()  # no Hebrew or Spanish values: no evidence either way
    with_model, _ = score_posts_by_language(texts, langs, refs, embedder=model, n_components=2)
    assert not np.isnan(with_model[1:]).any()
    assert with_model[1] > with_model[2] and with_model[3] > with_model[2]  # help, customers above lunch
    assert with_model[4] > with_model[5]


def test_a_missing_model_names_the_file_and_the_setting(tmp_path):
    with pytest.raises(InputError, match="embedding model file not found") as err:
        load_embeddings(tmp_path / "nowhere")
    assert "culture.embedding_model" in err.value.fix
    broken = write_tiny_model(tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"not a tensor file")
    with pytest.raises(InputError, match="could not be read"):
        load_embeddings(broken)
