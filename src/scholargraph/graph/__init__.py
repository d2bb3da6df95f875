"""scholargraph.graph"""
