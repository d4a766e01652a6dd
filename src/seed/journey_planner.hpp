// Plans every patient of the world: who they are, which phase of the
// journey they are in on the reference day, and the consultations,
// booking, travel and review that phase implies, with coherent dates.
#pragma once

#include "seed/generator.hpp"
#include "seed/people.hpp"

namespace imedic::seed {

// REQUIRES: staff, providers, procedures and campaigns are already built.
void PlanPatients(World& world, ContactBook& contacts, int patient_count);

}  // namespace imedic::seed
