
#include "udfs/query/bson_orderby_sort_support--0.107-0.sql"
#include "operators/bson_btree_orderby_operators_family--0.107-0.sql"

#include "udfs/query/bson_orderby_reverse--0.107-0.sql"
#include "operators/bson_dollar_operators--0.107-0.sql"

#include "udfs/index_mgmt/bson_rum_index_transform_functions--0.107-0.sql"