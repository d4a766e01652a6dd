-- Identity: who can sign in, and the person behind the account.

-- users: central identity and authentication record for every role
-- (patient, provider, admin, staff).
-- Sensitivity: identity PII (moderate).
CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email TEXT UNIQUE NOT NULL,
  phone_number TEXT UNIQUE,
  auth_provider TEXT NOT NULL DEFAULT 'email',  -- 'email', 'google', 'facebook', 'apple'
  auth_provider_id TEXT,  -- the external provider's id for this user
  user_type TEXT NOT NULL DEFAULT 'patient'
    CHECK (user_type IN ('patient', 'provider', 'admin', 'staff')),
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'inactive', 'suspended', 'pending_verification')),
  email_verified BOOLEAN DEFAULT FALSE,
  phone_verified BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  last_login_at TIMESTAMP WITH TIME ZONE,
  deleted BOOLEAN DEFAULT FALSE
);

-- email and phone_number are served by their UNIQUE indexes.
CREATE INDEX users_user_type_idx ON users (user_type);
CREATE INDEX users_status_idx ON users (status);
CREATE INDEX users_created_at_idx ON users (created_at);

CREATE TRIGGER users_set_updated_at
  BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- user_profiles: personal details of a user (name, birth date, locale), 1:1.
-- Sensitivity: identity PII (moderate).
CREATE TABLE user_profiles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  date_of_birth DATE,
  gender TEXT CHECK (gender IN ('male', 'female', 'other', 'prefer_not_to_say')),
  nationality TEXT,  -- country code
  preferred_language TEXT DEFAULT 'en',
  timezone TEXT DEFAULT 'UTC',
  profile_picture_url TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  deleted BOOLEAN DEFAULT FALSE,
  UNIQUE (user_id)
);

-- user_id (FK) is served by user_profiles_user_id_key.

CREATE TRIGGER user_profiles_set_updated_at
  BEFORE UPDATE ON user_profiles
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
