/*
 * Region: Authentication
 */
#include "udfs/auth/auth_scram--0.100-0.sql"