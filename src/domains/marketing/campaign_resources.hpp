// Campaigns as the API takes and shows them (issue 13, item 6): the
// campaign itself (generic records routes), a day's spend, a UTM mapping,
// and the report's rows (item 7).
#pragma once

#include "records/resource.hpp"

namespace imedic::marketing {

// A row of marketing_campaigns (create, change, read, list).
const records::Resource& CampaignResource();
// A day's spend from one source, as POST /campaigns/{id}/spend takes and shows it.
const records::Resource& SpendResource();
// A utm_campaign value mapped to a campaign.
const records::Resource& UtmMappingResource();
// One campaign's line of GET /campaigns/report.
const records::Resource& CampaignReportRowResource();

}  // namespace imedic::marketing
