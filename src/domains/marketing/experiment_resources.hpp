// Experiments as the API takes and shows them (one declaration validates a
// body and documents it).
#pragma once

#include "records/resource.hpp"

namespace imedic::marketing {

// POST /experiments' body.
const records::Resource& NewExperimentResource();
// An experiment with its variants.
const records::Resource& ExperimentResource();
// POST /experiments/{id}/status's body.
const records::Resource& ExperimentStatusResource();
// The body of POST /experiments/{id}/exposures and /conversions.
const records::Resource& ExperimentLeadResource();
// An exposure (the variant a lead was shown, and whether it converted).
const records::Resource& ExposureResource();
// GET /experiments/{id}/report.
const records::Resource& ExperimentReportResource();
// GET /experiments/sample-size.
const records::Resource& SampleSizeResource();

}  // namespace imedic::marketing
