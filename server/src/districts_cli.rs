//! `meldpunt districts` and `meldpunt routing-rule`: the municipality's districts from a
//! GeoJSON file (every report placed anew), and where a category's reports in a district go.

use clap::Args;
use meldpunt_app::context::Ctx;
use meldpunt_app::district;
use meldpunt_app::port::RoutingRule;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DistrictArgs {
    /// A GeoJSON file of the districts (Polygon or MultiPolygon features); without it, the
    /// districts are listed with their reports.
    #[arg(long)]
    import: Option<PathBuf>,
    /// The feature property that holds a district's code.
    #[arg(long, default_value = "code")]
    code_property: String,
    /// The feature property that holds its name.
    #[arg(long, default_value = "name")]
    name_property: String,
}

/// Imports districts from a file (replacing those there were) or lists them.
pub async fn districts(ctx: &Ctx, args: DistrictArgs) -> anyhow::Result<()> {
    let Some(file) = args.import else {
        for d in ctx.store.districts().await? {
            println!("{}\t{}\t{:.1} km²", d.code, d.name, d.area_m2 / 1e6);
        }
        return Ok(());
    };
    let text =
        std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let read = district::parse_districts(&text, &args.code_property, &args.name_property)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let done = district::import(ctx, &read).await?;
    println!(
        "{} districts imported from {}; {} reports placed anew (running servers use them within a minute)",
        done.districts,
        file.display(),
        done.reports
    );
    Ok(())
}

#[derive(Debug, Args)]
pub struct RoutingRuleArgs {
    /// The category's code; without it, every rule is listed.
    #[arg(long, requires = "district")]
    category: Option<String>,
    /// The district's code.
    #[arg(long)]
    district: Option<String>,
    /// The department that gets the category's reports in the district.
    #[arg(long, required_unless_present_any = ["remove", "list"], requires = "category")]
    department: Option<String>,
    /// A team of that department that gets them at once (assigned).
    #[arg(long)]
    team: Option<String>,
    /// Remove the rule: the category's department gets them again.
    #[arg(long, requires = "category")]
    remove: bool,
    /// List every rule.
    #[arg(long)]
    list: bool,
}

/// Sets, removes or lists routing rules.
pub async fn routing_rule(ctx: &Ctx, args: RoutingRuleArgs) -> anyhow::Result<()> {
    let (Some(category), Some(district)) = (args.category, args.district) else {
        for r in ctx.store.routing_rules().await? {
            println!(
                "{}\t{}\t→ {}{}",
                r.category,
                r.district,
                r.department,
                r.team.map(|t| format!(" / {t}")).unwrap_or_default()
            );
        }
        return Ok(());
    };
    if args.remove {
        if !ctx.store.remove_routing_rule(&category, &district).await? {
            anyhow::bail!("no rule for {category} in {district}");
        }
        println!("rule for {category} in {district} removed");
        return Ok(());
    }
    let department = args.department.unwrap_or_default();
    ctx.store
        .set_routing_rule(&RoutingRule {
            category: category.clone(),
            district: district.clone(),
            department: department.clone(),
            team: args.team,
        })
        .await?;
    println!("reports of {category} in {district} go to {department}");
    Ok(())
}
