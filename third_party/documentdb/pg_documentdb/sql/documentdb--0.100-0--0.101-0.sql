
#include "udfs/commands_diagnostic/current_op--0.101-0.sql"
#include "udfs/projection/bson_projection--0.101-0.sql"