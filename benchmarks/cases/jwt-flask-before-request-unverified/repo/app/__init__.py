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

    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .routes import bp as blog_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(blog_bp)
    app.register_blueprint(api_bp)
    return app
