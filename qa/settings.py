"""The one settings object. Defaults < environment (QA_*) < explicit overrides (CLI flags)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_NAME = "embeddinggemma-300m"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class AnswerWeights:
    """How the answer stage chooses and refuses (qa/answer/candidates.py, compose.py). Each value was fitted on
    the calibration halves of both dev sets, or left where those halves do not move."""

    long_sentence: int = 110  # longer sentences are trimmed to the phrases that answer
    trim_phrases: int = 4  # at most this many comma-separated phrases in a trimmed quote
    min_relevance: float = 0.34  # share of the question's content words the answering clause must hold
    # question-clause cosine below similarity_floor says nothing, at similar_enough it counts as a
    # full match (answerable top hits of the dev questions: 0.48-0.80)
    similarity_floor: float = 0.45
    similar_enough: float = 0.60
    candidates: int = 5  # hits whose sentences are read (all hits for a penalty question)
    # a sentence's clause rank in retrieval beside its share of the question's words: the
    # calibration halves score the same from 0.5 to 2.5; 1.0 weighs the two equally
    retrieval_weight: float = 1.0
    # a sentence from a province's or the national rule yields to the place's own (dev sets: no
    # item moves from 0.3 to 0.6; the order of applicability sets the sign)
    higher_level: float = 0.5
    # a national rule yields also to the province's, which applies to the asked city more narrowly
    # (calibration halves of six sets: 0.3 and 0.6 score the same, two confident wrong answers fewer than 0)
    national_level: float = 0.3
    penalty_bonus: float = 0.5  # a penalty question prefers a sentence that states a penalty
    answer_type: float = 0.5  # likewise a sentence with the asked kind of answer (figure in its unit, date, body)
    case_fit: float = 0.3  # a threshold the question's own case meets (or fails), like a number it quotes
    # a paragraph that depends on an earlier one of its article ("…但符合前款规定条件之一的，也可以…")
    # yields to it when both answer; no calibration item moves between 0.1 and 0.5
    dependent: float = 0.2
    # a rule holding this much more of the question's words than the best penalty is the asked
    # conduct even when the penalty scores higher overall; a sentence holding this much more than
    # every sentence stating the asked figure speaks of the question, and a figure outside its clause
    # is no answer. On the calibration halves of all twenty-four sets, as the figure margin: 0.2
    # refuses 6 more unanswerable and 6 answerable questions, 0.3 refuses 4 more unanswerable and no
    # answerable one, 0.4 three and none
    # a penalty citing no article enforces a rule whose text holds its conduct's character pairs but
    # this share (擅自改变渔业船舶的吨位… against 不得擅自改变其吨位…: 0.21); set on calibration items
    restated_act_seams: float = 0.3
    rule_words_margin: float = 0.3  # 0.2 loses a laws-dev calibration item; 0.3 and 0.5 score the same there
    restated: float = 0.5  # a penalty restates a rule's conduct when it holds half of its character pairs
    # a province's (or national) penalty answers for a city rule that sets none when it holds at least
    # this share of the question's words itself (a generic word in common is another conduct's fine)
    higher_level_penalty_words: float = 0.5
    # a question sharing no word with any retrieved sentence (楼上往下扔东西 for 高空抛物) is answered
    # from the clause nearest to it in meaning only when that clause is near (cosine ≥ semantic_match)
    # and clearly nearer than the next (≥ semantic_margin). Fitted first on two sets (right clauses at
    # 0.64 and 0.71, margins 0.05 and 0.09; a nearest clause tied with the next was the wrong one),
    # refitted on the calibration halves of twenty: 0.57 answers two more of them than 0.6 (谈不拢的话
    # 谁来拍板 at 0.591, margin 0.116) and loses none; 0.55 scores the same as 0.57, the higher is kept
    semantic_match: float = 0.57
    # the library's clause nearest the question is another place's and nearer than any clause that
    # applies to the asked place by this much: the place has no rule on that subject. Calibration
    # halves: answerable questions at most 0.027, unanswerable ones from 0.046 up; the top of that
    # interval, as a province's or national rule answering a city question sits further from its
    # wording than a city rule would (check halves: such answers at 0.042 and 0.044)
    subject_elsewhere: float = 0.045
    semantic_margin: float = 0.03
    # a spoken question whose words no sentence holds (树长得太高，能让人来剪吗) is answered from the
    # sentence holding most of its single-character morphemes, when it holds at least this many and
    # more than any sentence of another clause
    morpheme_match: int = 2
    # a quoted sentence introducing a list is read with its items when it has at most this many
    listed_items: int = 8


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=lambda: Path("~/.cache/qa").expanduser())
    embed_model: str = ""  # QA_EMBED_MODEL: local dir or hub id; "" = cached/assembled EmbeddingGemma
    docs_dir: Path = PROJECT_ROOT / "data" / "docs"
    index_dir: Path = PROJECT_ROOT / "index"
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = ""  # QA_AUTH: "user:password[:role][,user2:password2[:role]]", role reader (default) or editor
    single_user: bool = False  # QA_SINGLE_USER=1 / app.py --single-user: no login, the one user may manage documents
    api_key: str = ""  # QA_API_KEY: bearer key of /v1/chat/completions (required for it when QA_AUTH is set)
    login_attempts_per_minute: int = 10  # per client address, on /login

    answer: AnswerWeights = field(default_factory=AnswerWeights)

    # embedding
    # QA_ENCODER: which network encodes questions and clauses (docs/scaling.md, "The int8 ONNX encoder").
    # "onnx-int8-queries" (default): questions through EmbeddingGemma's int8 ONNX export (made by
    #   `qa model fetch`, ~3x faster per question), clauses through bf16 sentence-transformers: the index
    #   is bf16's, and the four question sets score as with bf16 (README "Quality").
    # "torch-bf16": both through sentence-transformers in bf16.
    # "onnx-int8": both through the int8 export: builds ~1.8x faster, but two twin clauses (一级/二级
    #   of one article) can swap places, one item on laws-dev and one on blind.
    # int8 and bf16 clause vectors have their own embedding-cache namespace and index identity: switching
    # to or from "onnx-int8" rebuilds; between the other two it does not.
    encoder: str = "onnx-int8-queries"
    embed_dim: int = 768  # Matryoshka truncation: 768, 512, 256 or 128
    embed_batch_size: int = 16
    torch_threads: int = 0  # 0 = all cores
    # QA_TORCH_DTYPE: the number format of the torch encoder (clauses by default): "auto" takes bfloat16
    # where the CPU computes it in hardware and float32 elsewhere (qa.index.cpu); "bfloat16", "float32"
    torch_dtype: str = "auto"
    onnx_threads: int = 0  # ONNX Runtime intra-op threads; 0 = all cores
    onnx_spinning: bool = False  # spinning ORT worker threads: a little faster alone, far slower on shared cores

    # clause splitting
    clause_max_chars: int = 400

    # retrieval
    top_k: int = 10
    candidate_k: int = 50
    fusion: str = "weighted"  # "weighted" or "rrf": weighted is better on dev (README)
    rrf_k: int = 60
    dense_weight: float = 0.7  # weighted fusion; keyword gets the rest. Fitted on the calibration halves of both gold sets (README)
    ann_threshold: int = 50_000  # above this many vectors an HNSW index replaces exact search
    # a question word the documents never use is read as a thesaurus synonym they do use when the
    # two words' embeddings are at least this close (qa/text/thesaurus.py; QA_SYNONYM_SIMILARITY)
    synonym_similarity: float = 0.75
    synonym_swap_similarity: float = 0.9  # ... and a compound varied by one character's synonym (养狗 -> 养犬)
    # ... and a word of the documents' own vocabulary with no thesaurus link at all (鞭炮 -> 烟花爆竹,
    # 电瓶车 -> 电动车): the nearest by embedding, so only a near-certain neighbour is taken
    synonym_neighbour_similarity: float = 0.8
    vocabulary_size: int = 20_000  # the documents' most frequent words compared with a question's rare ones

    # keyword-first builds (qa/index/build.py): a build with at least this many clauses to embed
    # publishes a generation with keyword search (BM25) and the clause records first, then fills
    # in dense vectors in chunks, republishing at most every `dense_publish_seconds`.
    keyword_first_clauses: int = 5_000
    # processes that tokenize a large build's clauses for BM25 while it splits the next documents
    # (qa/index/keyword_tokens.py); 0 = one per core, 1 = in the build's own process. QA_KEYWORD_WORKERS
    keyword_workers: int = 0
    dense_chunk_clauses: int = 500  # clauses embedded between progress reports (about a minute on 2 cores)
    dense_publish_seconds: float = 600.0  # each republish rewrites the generation: ~1 min at 255k clauses
    higher_level_penalty: float = 0.1  # a province's or national rule ranks below the place's own
    unit_boost: float = 0.15
    period_boost: float = 0.1

    # stores (qa/index/stores/faiss_bm25.py): "faiss" (files in the index folder) or "milvus" (Milvus Lite file or a cluster)
    store: str = "faiss"  # QA_STORE
    milvus_uri: str = ""  # QA_MILVUS_URI; "" = <index_dir>/milvus.db (Milvus Lite); http://host:19530 for a server
    milvus_keyword: str = "sparse"  # QA_MILVUS_KEYWORD: "sparse" (BM25 vectors computed here) or "fulltext" (Milvus BM25)

    # answering
    as_of: str = ""  # QA_AS_OF / qa ask --as-of: answer with the rules in force on this ISO date; "" = today
    max_question_chars: int = 500

    # uploads
    max_upload_bytes: int = 50 * 1024 * 1024

    # documents folder: files above these limits are skipped and reported by name (README "Operations")
    max_document_bytes: int = 50 * 1024 * 1024  # QA_MAX_DOCUMENT_MB; same limit as uploads
    max_document_chars: int = 1_000_000  # decoded text; the longest lawrefbook file has ~0.1M
    max_unpacked_bytes: int = 100 * 1024 * 1024  # a .docx (zip) may unpack to at most this much
    max_unpack_ratio: int = 100  # unpacked / packed size; zip bombs reach thousands

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def embedding_cache_path(self) -> Path:
        return self.home / "embedding-cache.sqlite"

    @property
    def uploads_dir(self) -> Path:
        return self.docs_dir / "uploads"

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Build settings from QA_* environment variables, then apply non-None overrides."""
        env: dict[str, object] = {
            "home": _env_path("QA_HOME", Path("~/.cache/qa").expanduser()),
            "embed_model": os.environ.get("QA_EMBED_MODEL", ""),
            "docs_dir": _env_path("QA_DOCS", cls.docs_dir),
            "index_dir": _env_path("QA_INDEX", cls.index_dir),
            "host": os.environ.get("QA_HOST", cls.host),
            "port": int(os.environ.get("QA_PORT", cls.port)),
            "auth": os.environ.get("QA_AUTH", ""),
            "single_user": os.environ.get("QA_SINGLE_USER", "").strip().lower() in ("1", "true", "yes", "on"),
            "api_key": os.environ.get("QA_API_KEY", ""),
        }
        if "QA_EMBED_DIM" in os.environ:
            env["embed_dim"] = int(os.environ["QA_EMBED_DIM"])
        if "QA_AS_OF" in os.environ:
            env["as_of"] = os.environ["QA_AS_OF"]
        for variable, name in (("QA_ENCODER", "encoder"), ("QA_TORCH_DTYPE", "torch_dtype"), ("QA_STORE", "store"), ("QA_MILVUS_URI", "milvus_uri"), ("QA_MILVUS_KEYWORD", "milvus_keyword")):
            if os.environ.get(variable):
                env[name] = os.environ[variable].strip()
        if "QA_SYNONYM_SIMILARITY" in os.environ:
            env["synonym_similarity"] = float(os.environ["QA_SYNONYM_SIMILARITY"])
        if "QA_KEYWORD_WORKERS" in os.environ:
            env["keyword_workers"] = int(os.environ["QA_KEYWORD_WORKERS"])
        if "QA_FUSION" in os.environ:
            env["fusion"] = os.environ["QA_FUSION"]
        if "QA_MAX_DOCUMENT_MB" in os.environ:
            env["max_document_bytes"] = int(float(os.environ["QA_MAX_DOCUMENT_MB"]) * 1024 * 1024)
        settings = cls(**env)  # type: ignore[arg-type]
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        given = {k: v for k, v in overrides.items() if v is not None}
        for key in ("home", "docs_dir", "index_dir"):
            if key in given:
                given[key] = Path(given[key]).expanduser()  # type: ignore[arg-type]
        return replace(settings, **given)
