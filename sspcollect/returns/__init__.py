"""The school and force return journeys: views, forms and the services behind them."""
