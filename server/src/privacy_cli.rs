//! `meldpunt personal-data`: an access or erasure request for one e-mail address (GDPR
//! articles 15 and 17), over `PersonalDataStore` (the sources are in storage/personal.rs).

use meldpunt_app::port::PersonalDataStore;

/// Prints everything held about `email` as JSON, or with `erase` erases it, prints the rows
/// per table and fails if anything is left.
pub async fn personal_data(
    store: &dyn PersonalDataStore,
    email: &str,
    erase: bool,
) -> anyhow::Result<()> {
    let found = store.personal_data(email).await?;
    if !erase {
        let export = serde_json::json!({
            "email": email,
            "exported_at": chrono::Utc::now(),
            "rows": found,
        });
        println!("{}", serde_json::to_string_pretty(&export)?);
        return Ok(());
    }
    println!("{} rows hold {email} or data tied to it", found.len());
    for (source, rows) in store.erase_personal_data(email, chrono::Utc::now()).await? {
        println!("{source}: {rows} erased");
    }
    let left = store.personal_data(email).await?;
    if !left.is_empty() {
        anyhow::bail!("{} rows still hold the address", left.len());
    }
    println!("nothing is left for {email}");
    Ok(())
}
