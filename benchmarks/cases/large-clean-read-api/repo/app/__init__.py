from flask import Flask
from flask_login import LoginManager

from .db import db

login_manager = LoginManager()
login_manager.login_view = "auth.login"


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_object("app.config.Config")
    db.init_app(app)
    login_manager.init_app(app)

    from .auth import bp as auth_bp
    from .routes import bp as blog_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(blog_bp)
    from .api.suppliers import bp as api_suppliers_bp
    app.register_blueprint(api_suppliers_bp)
    from .api.carriers import bp as api_carriers_bp
    app.register_blueprint(api_carriers_bp)
    from .api.coupons import bp as api_coupons_bp
    app.register_blueprint(api_coupons_bp)
    from .api.regions import bp as api_regions_bp
    app.register_blueprint(api_regions_bp)
    from .api.tax_rates import bp as api_tax_rates_bp
    app.register_blueprint(api_tax_rates_bp)
    from .api.gift_cards import bp as api_gift_cards_bp
    app.register_blueprint(api_gift_cards_bp)
    from .api.reviews import bp as api_reviews_bp
    app.register_blueprint(api_reviews_bp)
    from .api.banners import bp as api_banners_bp
    app.register_blueprint(api_banners_bp)
    from .api.faqs import bp as api_faqs_bp
    app.register_blueprint(api_faqs_bp)
    from .api.stores import bp as api_stores_bp
    app.register_blueprint(api_stores_bp)
    from .api.brands import bp as api_brands_bp
    app.register_blueprint(api_brands_bp)
    from .api.collections import bp as api_collections_bp
    app.register_blueprint(api_collections_bp)
    return app
