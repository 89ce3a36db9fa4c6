
ALTER TABLE __API_CATALOG_SCHEMA__.collections ADD view_definition __CORE_SCHEMA__.bson default null;