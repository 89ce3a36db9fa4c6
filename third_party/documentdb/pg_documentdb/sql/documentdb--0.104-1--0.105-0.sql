
#include "udfs/aggregation/bson_bucket_auto--0.105-0.sql"
#include "udfs/commands_crud/bson_update_document--0.105-0.sql"
#include "udfs/schema_mgmt/cursor_support--0.105-0.sql"
#include "udfs/users/connection_status--0.105-0.sql"