//! Demand forecasting (placeholder, being written).
