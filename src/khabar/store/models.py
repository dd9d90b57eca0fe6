"""The store's tables. Offsets and texts are kept so every stored fact can be shown in its article."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One stored article and its full record, keyed by the hash of its text."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    doc_id: Mapped[str] = mapped_column(String(300), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)  # the khabar.record/1 JSON as ingested
    origin: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    # lists are newest first: walking this index gives their first page without sorting every row
    __table_args__ = (
        Index("ix_documents_published_order", published.desc(), id),
        # what lists and tallies read of an article, without reading the article (its text, its record)
        Index("ix_documents_listed", id, published, outlet),
    )


class Actor(Base):
    """A real-world actor across articles: every entity that names it points here."""

    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)  # 'kb:ly-haftar', 'PERSON:hftr:khalifa haftar'
    name: Mapped[str] = mapped_column(String(400), index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    kb_id: Mapped[str | None] = mapped_column(String(200))
    block: Mapped[str] = mapped_column(String(100), index=True)  # blocking key for cross-article matching


class Entity(Base):
    """An entity of one article's record, linked to its actor with the reason for the link."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(400))
    type: Mapped[str] = mapped_column(String(16))
    roles: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    kb_id: Mapped[str | None] = mapped_column(String(200))
    mention_count: Mapped[int] = mapped_column(Integer, default=0)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    link: Mapped[str] = mapped_column(Text, default="")  # why this entity belongs to its actor
    __table_args__ = (
        UniqueConstraint("document_id", "local_id"),
        Index("ix_entities_name_lower", func.lower(name)),  # a name a user types finds the actors carrying it
        Index("ix_entities_tally", actor_id, document_id, mention_count),  # an actor's counts, from the index alone
    )


class Mention(Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(400))
    __table_args__ = (Index("ix_mentions_text_lower", func.lower(text)),)  # a spelling ('Hifter') finds its actors


class Attribution(Base):
    """A claim: who said it (named or not), relayed by whom, in what words."""

    __tablename__ = "attributions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    source_text: Mapped[str] = mapped_column(Text)
    source_start: Mapped[int] = mapped_column(Integer)
    source_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    source_kind: Mapped[str] = mapped_column(String(32), index=True)
    via_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    cue: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    direct: Mapped[bool] = mapped_column(Boolean)


class ClaimName(Base):
    """An entity a claim's content names (one of its mentions lies inside the content): worked out when the
    article is stored, so 'the claims about X' is an index lookup, not a range join over every mention."""

    __tablename__ = "claim_names"
    attribution_id: Mapped[int] = mapped_column(
        ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True)


class Event(Base):
    """A PLOVER event; dates are kept as written (ISO, any precision) and as a day range for filters."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(16), index=True)
    mode: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    source_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    target_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    location_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    place: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    date: Mapped[str | None] = mapped_column(String(10))
    date_from: Mapped[str | None] = mapped_column(String(10), index=True)
    date_to: Mapped[str | None] = mapped_column(String(10))
    date_text: Mapped[str | None] = mapped_column(String(200))
    attribution_id: Mapped[int | None] = mapped_column(ForeignKey("attributions.id"))
    trigger: Mapped[str] = mapped_column(String(200))
    trigger_start: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)


class Correction(Base):
    """A user's correction of actor resolution; replayed whenever actors are resolved again."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))  # 'merge' | 'split'
    actor_key: Mapped[str] = mapped_column(String(400))  # merge: the actor kept; split: the actor split
    other: Mapped[str] = mapped_column(String(400))  # merge: the actor absorbed; split: the folded name moved out
    created_at: Mapped[datetime] = mapped_column(DateTime)


class KbEntry(Base):
    """A user's own knowledge-base actor (the bundled starter KB ships with the package)."""

    __tablename__ = "kb_entries"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    type: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    aliases: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    roles: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    wikidata: Mapped[str | None] = mapped_column(String(32))
    outlet: Mapped[bool] = mapped_column(Boolean, default=False)


class FeedItem(Base):
    """An item of an RSS/Atom feed seen by ``khabar ingest --feed``: stored items are skipped next time,
    failed ones (network errors, bad pages) are tried again."""

    __tablename__ = "feed_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    feed: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # 'stored' | 'failed'
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_tried: Mapped[datetime] = mapped_column(DateTime)
