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
    from .admin.suppliers import bp as suppliers_bp
    app.register_blueprint(suppliers_bp)
    from .admin.carriers import bp as carriers_bp
    app.register_blueprint(carriers_bp)
    from .admin.coupons import bp as coupons_bp
    app.register_blueprint(coupons_bp)
    from .admin.regions import bp as regions_bp
    app.register_blueprint(regions_bp)
    from .admin.tax_rates import bp as tax_rates_bp
    app.register_blueprint(tax_rates_bp)
    from .admin.gift_cards import bp as gift_cards_bp
    app.register_blueprint(gift_cards_bp)
    from .admin.reviews import bp as reviews_bp
    app.register_blueprint(reviews_bp)
    from .admin.banners import bp as banners_bp
    app.register_blueprint(banners_bp)
    from .admin.faqs import bp as faqs_bp
    app.register_blueprint(faqs_bp)
    from .admin.stores import bp as stores_bp
    app.register_blueprint(stores_bp)
    from .admin.brands import bp as brands_bp
    app.register_blueprint(brands_bp)
    from .admin.collections import bp as collections_bp
    app.register_blueprint(collections_bp)
    from .admin.stats import bp as stats_bp
    app.register_blueprint(stats_bp)
    from .admin.search import bp as admin_search_bp
    app.register_blueprint(admin_search_bp)
    return app
