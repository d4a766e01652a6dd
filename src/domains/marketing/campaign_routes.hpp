// Routes of campaigns (issue 13, item 6): the campaigns themselves through
// the records engine (list, create, read, change with If-Match; the status
// machine is migration 0029's trigger), their daily spend (written per day
// and source, again to correct) and the UTM values mapped to them; and the
// campaign report per attribution model (item 7). Campaigns are business
// data without row scope: campaigns.read reads every one, campaigns.write
// changes them, analytics.read reads the report (aggregates only, never a
// lead's contact details).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"
#include "records/record_service.hpp"

namespace imedic::marketing {

void RegisterCampaignRoutes(http::Router& router, db::Pool& pool, records::RecordService& records);

}  // namespace imedic::marketing
