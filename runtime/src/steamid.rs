//! SteamIDs as Lua sees them: decimal strings, because a Lua number cannot hold every 64-bit
//! value exactly (LuaJIT and Lua 5.1/5.2 have only doubles).
//!
//! A SteamID packs, from the top: universe (8 bits), account type (4 bits), instance
//! (20 bits) and account id (32 bits). Parsing checks that the universe and account type are
//! ones Steam uses and that the account id is set, so a typo is caught here rather than
//! surfacing later as a connection that never gets anywhere.

/// Highest universe Steam uses (k_EUniverseDev); 0 is k_EUniverseInvalid.
const MAX_UNIVERSE: u64 = 4;
/// Highest account type (k_EAccountTypeAnonUser); 0 is k_EAccountTypeInvalid.
const MAX_ACCOUNT_TYPE: u64 = 10;

/// Parses a decimal SteamID; the error says what is wrong with it.
pub fn parse(text: &str) -> Result<u64, String> {
    if text.is_empty() {
        return Err("SteamID is empty".to_string());
    }
    // u64::from_str would also accept a leading '+'; only plain digits are a SteamID.
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("SteamID '{text}' is not a decimal number"));
    }
    let id: u64 = text
        .parse()
        .map_err(|_| format!("SteamID '{text}' does not fit in 64 bits"))?;
    if id == 0 {
        return Err("SteamID must not be 0".to_string());
    }
    let universe = id >> 56;
    let account_type = (id >> 52) & 0xF;
    let account_id = id & 0xFFFF_FFFF;
    if universe == 0 || universe > MAX_UNIVERSE {
        return Err(format!(
            "SteamID '{text}' has an invalid universe ({universe})"
        ));
    }
    if account_type == 0 || account_type > MAX_ACCOUNT_TYPE {
        return Err(format!(
            "SteamID '{text}' has an invalid account type ({account_type})"
        ));
    }
    if account_id == 0 {
        return Err(format!("SteamID '{text}' has no account id"));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_an_individual_public_account() {
        // Universe 1, type 1 (individual), instance 1, account id 22202.
        assert_eq!(parse("76561197960287930"), Ok(76_561_197_960_287_930));
    }

    #[test]
    fn keeps_every_digit_above_two_to_the_53() {
        // 2^53 + 1 is where doubles start losing integers; this id is far above it.
        let id = (1u64 << 56) | (1 << 52) | (1 << 32) | 0xFFFF_FFFF;
        assert_eq!(parse(&id.to_string()), Ok(id));
    }

    #[test]
    fn rejects_non_digits_signs_spaces_and_empty() {
        for bad in [
            "",
            "abc",
            "+76561197960287930",
            "-1",
            " 76561197960287930",
            "7656e3",
            "1.0",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(parse("x1").unwrap_err().contains("not a decimal number"));
    }

    #[test]
    fn rejects_zero_and_overflow() {
        assert_eq!(parse("0"), Err("SteamID must not be 0".to_string()));
        assert!(parse("18446744073709551616")
            .unwrap_err()
            .contains("does not fit in 64 bits"));
        assert!(parse("99999999999999999999999").is_err());
    }

    #[test]
    fn rejects_implausible_universe_type_or_account() {
        // A small number: universe 0.
        assert!(parse("12345").unwrap_err().contains("universe"));
        // u64::MAX: universe 255.
        assert!(parse("18446744073709551615")
            .unwrap_err()
            .contains("universe"));
        // Universe 1, account type 0.
        let no_type = (1u64 << 56) | 5;
        assert!(parse(&no_type.to_string())
            .unwrap_err()
            .contains("account type"));
        // Universe 1, account type 15.
        let bad_type = (1u64 << 56) | (15 << 52) | 5;
        assert!(parse(&bad_type.to_string())
            .unwrap_err()
            .contains("account type"));
        // Universe 1, individual, account id 0.
        let no_account = (1u64 << 56) | (1 << 52) | (1 << 32);
        assert!(parse(&no_account.to_string())
            .unwrap_err()
            .contains("account id"));
    }

    #[test]
    fn leading_zeros_are_digits() {
        assert_eq!(parse("076561197960287930"), Ok(76_561_197_960_287_930));
    }
}
