"""scholargraph.store"""
