// The declarations that validate the inbox's request bodies and document
// its answers in /openapi.json (conversation_routes.cpp, template_routes.cpp).
#pragma once

#include "records/resource.hpp"

namespace imedic::messaging {

const records::Resource& ConversationResource();
const records::Resource& ConversationMessageResource();
const records::Resource& NewConversationMessageResource();
const records::Resource& AssignConversationResource();
const records::Resource& MessageTemplateResource();
const records::Resource& NewMessageTemplateResource();
const records::Resource& MessageTemplatePatchResource();

}  // namespace imedic::messaging
