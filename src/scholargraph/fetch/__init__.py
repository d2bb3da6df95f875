"""scholargraph.fetch"""
