"""scholargraph.analysis"""
