//! Alerts with order suggestions: the ledger's sales history through the forecast maths.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::forecast::{self, SuggestionInput};
use crate::store::{AlertInput, Store};

/// Days of sales history the demand rate is estimated from.
pub const HISTORY_DAYS: i64 = 182;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub item_id: i64,
    pub sku: String,
    pub name: String,
    pub supplier: Option<String>,
    #[serde(skip)]
    pub supplier_id: Option<i64>,
    pub on_hand: i64,
    pub on_order: i64,
    pub reorder_point: Option<i64>,
    pub suggested_qty: i64,
    pub suggested_reorder_point: i64,
    /// Units sold per day (net of returns), as forecast.
    pub rate_per_day: f64,
    pub days_of_cover: Option<f64>,
    pub method: String,
    pub demand_class: String,
    pub lead_time_days: i64,
    pub pack: i64,
    #[serde(skip)]
    pub unit_cost: Option<i64>,
}

/// Build the suggestion for one item from its sales series.
pub fn alert_for(
    input: &AlertInput,
    series: &[f64],
    has_history: bool,
    service_level: f64,
    review_days: u32,
) -> Alert {
    let f = forecast::forecast(series);
    let lead = u32::try_from(input.lead_time_days.max(0)).unwrap_or(u32::MAX);
    let s = forecast::suggest(&SuggestionInput {
        rate_per_day: f.rate_per_period,
        sd_per_day: f.sd_per_period,
        lead_time_days: lead,
        review_period_days: review_days,
        service_level,
        on_hand: input.on_hand,
        on_order: input.on_order,
        pack: input.pack,
        reorder_point: input.reorder_point,
        reorder_qty: input.reorder_qty,
        has_history,
    });
    Alert {
        item_id: input.item_id,
        sku: input.sku.clone(),
        name: input.name.clone(),
        supplier: input.supplier.clone(),
        supplier_id: input.supplier_id,
        on_hand: input.on_hand,
        on_order: input.on_order,
        reorder_point: input.reorder_point,
        suggested_qty: s.qty,
        suggested_reorder_point: s.suggested_reorder_point,
        rate_per_day: f.rate_per_period,
        days_of_cover: s.days_of_cover,
        method: f.profile.method.name().to_string(),
        demand_class: f.profile.class.name().to_string(),
        lead_time_days: input.lead_time_days,
        pack: input.pack,
        unit_cost: input.cost,
    }
}

/// Every item at or below its reorder point, with its suggestion, as of `now`.
pub fn alerts(store: &Store, supplier: Option<i64>, now: DateTime<Utc>) -> Result<Vec<Alert>> {
    let settings = store.settings().clone();
    // One read snapshot for the whole list: consistent, and no lock round-trip per query.
    let _snapshot = store.read_snapshot()?;
    let inputs = store.alert_inputs(supplier)?;
    let build = |input: &AlertInput, series: &[f64]| {
        // Only the days since the item first moved count as history.
        let trimmed: &[f64] = match input
            .first_at
            .as_deref()
            .and_then(crate::store::parse_time_pub)
        {
            Some(t) => {
                let age = (now - t).num_days().clamp(0, HISTORY_DAYS) as usize;
                &series[series.len().saturating_sub(age.max(1))..]
            }
            None => &series[series.len()..],
        };
        let has_history = trimmed.iter().any(|v| *v > 0.0);
        alert_for(
            input,
            trimmed,
            has_history,
            settings.service_level,
            settings.review_period_days,
        )
    };
    if inputs.len() <= 64 {
        return inputs
            .iter()
            .map(|input| {
                Ok(build(
                    input,
                    &store.daily_net_sales(input.item_id, HISTORY_DAYS, now)?,
                ))
            })
            .collect();
    }
    // Many items at risk: read all demand in one pass instead of one query per item, one
    // item's series at a time.
    let at: HashMap<i64, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| (input.item_id, i))
        .collect();
    let mut built: Vec<Option<Alert>> = (0..inputs.len()).map(|_| None).collect();
    store.for_each_daily_demand(HISTORY_DAYS, now, |item, series| {
        if let Some(&i) = at.get(&item) {
            built[i] = Some(build(&inputs[i], series));
        }
        Ok(())
    })?;
    let none = vec![0.0; HISTORY_DAYS as usize];
    let out = built
        .into_iter()
        .zip(&inputs)
        .map(|(a, input)| a.unwrap_or_else(|| build(input, &none)))
        .collect();
    Ok(out)
}
