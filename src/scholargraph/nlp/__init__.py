"""scholargraph.nlp"""
