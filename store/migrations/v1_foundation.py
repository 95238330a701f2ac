"""Schema version 1, "foundation": persons, contacts, companies, tags, custom attributes,
history and settings, as the first release created them.

Frozen: the statements below are the DDL that version 1 ran (Peewee 4.5's output for the
models of that release), never rebuilt from today's models. Ids that scripts keep
(person, company, tag, attribute) are ``AUTOINCREMENT`` on SQLite so a deleted id is never
reused; PostgreSQL sequences never reuse one anyway. The folded name keys use the "C"
collation on PostgreSQL, so that prefix searches order by code point as SQLite's BINARY
does.
"""

from __future__ import annotations

import peewee

from .ddl import run, run_for_backend

SQLITE_TABLES = (
    'CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    'CREATE TABLE "company" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "external_id" TEXT, "domain" TEXT, "industry" TEXT, "size" TEXT, '
    '"address" TEXT, "city" TEXT, "country" TEXT, "created_at" DATETIME NOT NULL, '
    '"modified_at" DATETIME NOT NULL)',
    'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "type" TEXT NOT NULL, '
    '"external_id" TEXT, "first_name" TEXT, "last_name" TEXT, "middle_name" TEXT, "nickname" TEXT, '
    '"gender" TEXT, "birth_date" DATE, "address" TEXT, "city" TEXT, "country" TEXT, '
    '"preferred_language" TEXT, "profile_picture_url" TEXT, "company_id" INTEGER, "name_key" TEXT, '
    '"last_key" TEXT, "created_at" DATETIME NOT NULL, "modified_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL)',
    'CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"kind" TEXT NOT NULL, "value" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "push_registration" ("registration_id" TEXT NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "platform" TEXT NOT NULL, "created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE TABLE "person_tag" ("tag_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
    'PRIMARY KEY ("tag_id", "person_id"), '
    'FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "company_tag" ("tag_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, '
    'PRIMARY KEY ("tag_id", "company_id"), '
    'FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "attribute_def" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, '
    '"entity" TEXT NOT NULL, "name" TEXT NOT NULL, "name_key" TEXT NOT NULL, "type" TEXT NOT NULL, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE TABLE "person_value" ("person_id" INTEGER NOT NULL, "attribute_id" INTEGER NOT NULL, '
    '"value" TEXT NOT NULL, "number" REAL, PRIMARY KEY ("person_id", "attribute_id"), '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("attribute_id") REFERENCES "attribute_def" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "company_value" ("company_id" INTEGER NOT NULL, "attribute_id" INTEGER NOT NULL, '
    '"value" TEXT NOT NULL, "number" REAL, PRIMARY KEY ("company_id", "attribute_id"), '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("attribute_id") REFERENCES "attribute_def" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "change" ("id" INTEGER NOT NULL PRIMARY KEY, "person_id" INTEGER, '
    '"company_id" INTEGER, "at" DATETIME NOT NULL, "source" TEXT NOT NULL, "field" TEXT NOT NULL, '
    '"old_value" TEXT, "new_value" TEXT, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
)

POSTGRES_TABLES = (
    'CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    'CREATE TABLE "company" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "external_id" TEXT, "domain" TEXT, "industry" TEXT, "size" TEXT, '
    '"address" TEXT, "city" TEXT, "country" TEXT, "created_at" TIMESTAMP NOT NULL, '
    '"modified_at" TIMESTAMP NOT NULL)',
    'CREATE TABLE "person" ("id" SERIAL NOT NULL PRIMARY KEY, "type" TEXT NOT NULL, '
    '"external_id" TEXT, "first_name" TEXT, "last_name" TEXT, "middle_name" TEXT, "nickname" TEXT, '
    '"gender" TEXT, "birth_date" DATE, "address" TEXT, "city" TEXT, "country" TEXT, '
    '"preferred_language" TEXT, "profile_picture_url" TEXT, "company_id" INTEGER, '
    '"name_key" TEXT COLLATE "C", "last_key" TEXT COLLATE "C", "created_at" TIMESTAMP NOT NULL, '
    '"modified_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE SET NULL)',
    'CREATE TABLE "contact" ("id" SERIAL NOT NULL PRIMARY KEY, "person_id" INTEGER NOT NULL, '
    '"kind" TEXT NOT NULL, "value" TEXT NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "push_registration" ("registration_id" TEXT NOT NULL PRIMARY KEY, '
    '"person_id" INTEGER NOT NULL, "platform" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "tag" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"name_key" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL)',
    'CREATE TABLE "person_tag" ("tag_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, '
    'PRIMARY KEY ("tag_id", "person_id"), '
    'FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "company_tag" ("tag_id" INTEGER NOT NULL, "company_id" INTEGER NOT NULL, '
    'PRIMARY KEY ("tag_id", "company_id"), '
    'FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "attribute_def" ("id" SERIAL NOT NULL PRIMARY KEY, "entity" TEXT NOT NULL, '
    '"name" TEXT NOT NULL, "name_key" TEXT NOT NULL, "type" TEXT NOT NULL, '
    '"created_at" TIMESTAMP NOT NULL)',
    'CREATE TABLE "person_value" ("person_id" INTEGER NOT NULL, "attribute_id" INTEGER NOT NULL, '
    '"value" TEXT NOT NULL, "number" DOUBLE PRECISION, PRIMARY KEY ("person_id", "attribute_id"), '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("attribute_id") REFERENCES "attribute_def" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "company_value" ("company_id" INTEGER NOT NULL, "attribute_id" INTEGER NOT NULL, '
    '"value" TEXT NOT NULL, "number" DOUBLE PRECISION, PRIMARY KEY ("company_id", "attribute_id"), '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("attribute_id") REFERENCES "attribute_def" ("id") ON DELETE CASCADE)',
    'CREATE TABLE "change" ("id" SERIAL NOT NULL PRIMARY KEY, "person_id" INTEGER, '
    '"company_id" INTEGER, "at" TIMESTAMP NOT NULL, "source" TEXT NOT NULL, "field" TEXT NOT NULL, '
    '"old_value" TEXT, "new_value" TEXT, '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("company_id") REFERENCES "company" ("id") ON DELETE CASCADE)',
)

INDEXES = (
    'CREATE UNIQUE INDEX "company_name_key" ON "company" ("name_key")',
    'CREATE UNIQUE INDEX "company_external_id" ON "company" ("external_id")',
    'CREATE UNIQUE INDEX "person_external_id" ON "person" ("external_id")',
    'CREATE INDEX "person_type_id" ON "person" ("type", "id")',
    'CREATE INDEX "person_company_id_id" ON "person" ("company_id", "id")',
    'CREATE INDEX "person_name_key_id" ON "person" ("name_key", "id")',
    'CREATE INDEX "person_last_key_id" ON "person" ("last_key", "id")',
    'CREATE INDEX "person_created_at" ON "person" ("created_at")',
    'CREATE UNIQUE INDEX "contact_value" ON "contact" ("value")',
    'CREATE INDEX "contact_person_id_kind" ON "contact" ("person_id", "kind")',
    'CREATE INDEX "push_registration_person_id" ON "push_registration" ("person_id")',
    'CREATE UNIQUE INDEX "tag_name_key" ON "tag" ("name_key")',
    'CREATE INDEX "person_tag_person_id_tag_id" ON "person_tag" ("person_id", "tag_id")',
    'CREATE INDEX "company_tag_company_id_tag_id" ON "company_tag" ("company_id", "tag_id")',
    'CREATE UNIQUE INDEX "attribute_def_entity_name_key" ON "attribute_def" ("entity", "name_key")',
    'CREATE INDEX "person_value_attribute_id_value" ON "person_value" ("attribute_id", "value")',
    'CREATE INDEX "company_value_attribute_id_value" ON "company_value" ("attribute_id", "value")',
    'CREATE INDEX "change_person_id_id" ON "change" ("person_id", "id")',
    'CREATE INDEX "change_company_id_id" ON "change" ("company_id", "id")',
)


def apply(database: peewee.Database) -> None:
    """Create the tables and indexes of version 1 (an empty database, version 0)."""
    run_for_backend(database, sqlite=SQLITE_TABLES, postgres=POSTGRES_TABLES)
    run(database, INDEXES)
