// GET /metrics: this node's measurements in the Prometheus text format, for
// a scraper holding the metrics token (IMEDIC_METRICS_TOKEN). Without a
// configured token the route answers 404: metrics name routes and volumes,
// which are not for the public.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace imedic::app {

void RegisterMetricsRoute(http::Router& router, Services& services);

}  // namespace imedic::app
